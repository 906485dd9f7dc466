/**
 * `KURA_BENCH_ONLY=analytics npm run bench`: the CDNOW fits against the published values, the AirPassengers forecast
 * against seasonal naive, and the time of the full analytics pass (RFM, cohorts, churn/CLV fit, forecast, a segment)
 * over the demo orders and over a generated 1M-order set, in Chromium (the app's OPFS warehouse, cells run through
 * the same executors and worker jobs) and in native DuckDB, in the same run.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { fitBgNbd, fitGammaGamma, fitParetoNbd } from '../../src/analytics/clv/index.ts';
import { autoEts, forecastEts, seasonalNaive, smape } from '../../src/analytics/ets/ets.ts';
import { specCellKindOf } from '../../src/cells/kinds.ts';
import { NativeEngine } from '../../src/engine/native.ts';
import { loadFile } from '../../src/ingest/load.ts';
import { withLocalJobs } from '../../src/warehouse/local-jobs.ts';
import type { SpecCellWord } from '../../src/document/model.ts';
import { chromiumArgs, chromiumPath } from '../../playwright.config.ts';
import { startPreview } from './preview.ts';
import { describeEngine, openBenchPage, whenSettled } from './bench-page.ts';

const port = 4394;
const analytics = resolve('../shared/data/analytics');
const fmt = (ms: number) => `${ms.toFixed(0).padStart(7)} ms`;

type CellRun = { kind: SpecCellWord; name: string; spec: Record<string, unknown> };

function passFor(asOf: string, calibrationEnd: string): CellRun[] {
  const orders = { transactions: 'orders', customer: 'contact_id', date: 'order_date' };
  return [
    { kind: 'rfm', name: 'rfm', spec: { ...orders, amount: 'amount', as_of: asOf } },
    { kind: 'cohort', name: 'cohorts', spec: { ...orders, months: 12 } },
    {
      kind: 'churn',
      name: 'churn',
      spec: { ...orders, amount: 'amount', calibration_end: calibrationEnd, observation_end: asOf, model: 'bgnbd', time_unit: 'week' },
    },
    {
      kind: 'forecast',
      name: 'revenue_forecast',
      spec: { transactions: 'orders', date: 'order_date', value: 'amount', granularity: 'month', horizon: 6, until: asOf },
    },
    {
      kind: 'segment',
      name: 'loyal',
      spec: {
        base: 'customers',
        key: 'id',
        orders: { table: 'orders', key: 'contact_id', date: 'order_date', amount: 'amount' },
        as_of: asOf,
        where: { all: [{ field: 'order_count', op: '>=', value: 3 }] },
      },
    },
  ];
}

const customersSql = 'CREATE OR REPLACE TABLE customers AS SELECT DISTINCT contact_id::VARCHAR AS id FROM orders';

export async function benchAnalytics(): Promise<boolean> {
  const only = process.env.KURA_BENCH_ONLY;
  if (only && only !== 'analytics') return false;
  accuracy();
  mkdirSync('.bench', { recursive: true });
  const demoOrders = resolve('public/demo/data/orders.csv');
  if (!existsSync(demoOrders)) throw new Error('public/demo/data/orders.csv is missing: run `npm run demo` first');
  const generated = resolve('.bench/orders_1000000.csv');
  if (!existsSync(generated)) await writeOrders(generated, 1_000_000);
  const datasets = [
    { label: 'demo orders', path: demoOrders, cells: passFor('2025-06-30', '2025-03-31') },
    { label: '1M generated orders', path: generated, cells: passFor('2025-06-30', '2025-03-31') },
  ];
  console.log('\n## Analytics pass (load + RFM, cohorts, churn/CLV, forecast, segment)\n');
  const rows: string[] = [];
  for (const dataset of datasets) {
    const native = await runNative(dataset.path, dataset.cells);
    const browser = await runChromium(dataset.path, dataset.cells);
    for (const step of Object.keys(native)) {
      const ratio = browser[step]! / native[step]!;
      rows.push(`| ${dataset.label} | ${step} | ${fmt(native[step]!)} | ${fmt(browser[step]!)} | ${ratio.toFixed(2)}× |`);
    }
  }
  console.log('| data | step | native DuckDB | Chromium (app, OPFS, worker) | ratio |\n|---|---|---|---|---|');
  console.log(rows.join('\n'));
  return only === 'analytics';
}

function accuracy(): void {
  console.log('\n## CDNOW fits against the published values (Fader, Hardie et al.)\n');
  const summary = readCsv(`${analytics}/cdnow_customers_summary_with_transactions.csv`);
  if (!summary) {
    console.log(`CDNOW not found in ${analytics}; skipped`);
  } else {
    const column = (name: string) => Float64Array.from(summary.rows.map((row) => Number(row[summary.header.indexOf(name)])));
    const data = { frequency: column('x'), recency: column('t_x'), T: column('T') };
    const repeat = [...data.frequency.keys()].filter((i) => data.frequency[i]! > 0);
    const spend = {
      frequency: Float64Array.from(repeat, (i) => data.frequency[i]!),
      monetaryValue: Float64Array.from(repeat, (i) => column('zbar')[i]!),
    };
    const fits = [
      ['BG/NBD', fitBgNbd(data), { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }, -9582.43],
      ['Pareto/NBD', fitParetoNbd(data), { r: 0.5532, alpha: 10.5763, s: 0.6062, beta: 11.6715 }, -9594.98],
      ['Gamma-Gamma', fitGammaGamma(spend), { p: 6.2488, q: 3.7446, gamma: 15.4477 }, -4055.92],
    ] as const;
    console.log('| model | parameter | ours | published | difference |\n|---|---|---|---|---|');
    for (const [name, fit, published, loglik] of fits) {
      for (const [key, value] of Object.entries(published)) {
        const ours = (fit.params as unknown as Record<string, number>)[key]!;
        console.log(`| ${name} | ${key} | ${ours.toFixed(4)} | ${value} | ${(((ours - value) / value) * 100).toFixed(3)}% |`);
      }
      console.log(`| ${name} | LL | ${fit.logLikelihood.toFixed(2)} | ${loglik} | ${(fit.logLikelihood - loglik).toFixed(3)} |`);
    }
  }
  const air = readCsv(`${analytics}/prophet_example_air_passengers.csv`);
  if (air) {
    const values = air.rows.map((row) => Number(row[1]));
    const started = performance.now();
    const model = autoEts(values.slice(0, 120), 12);
    const forecast = forecastEts(model, 24).map((point) => point.mean);
    const ms = performance.now() - started;
    const test = values.slice(120);
    console.log(
      `\nAirPassengers 1959–1960 (trained 1949–1958): ${model.name}, sMAPE ${smape(test, forecast).toFixed(2)}% (target ≤ 6%), seasonal naive ${smape(test, seasonalNaive(values.slice(0, 120), 12, 24)).toFixed(2)}%, fit + forecast ${ms.toFixed(0)} ms`,
    );
  }
}

function readCsv(path: string): { header: string[]; rows: string[][] } | null {
  if (!existsSync(path)) return null;
  const [header, ...rows] = readFileSync(path, 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(','));
  return { header: header!, rows };
}

async function runNative(path: string, cells: CellRun[]): Promise<Record<string, number>> {
  const engine = await NativeEngine.create();
  const times: Record<string, number> = {};
  try {
    let started = performance.now();
    await loadFile(engine, { fileName: 'orders.csv', bytes: new Uint8Array(readFileSync(path)), table: 'orders' });
    await engine.exec(customersSql);
    times.load = performance.now() - started;
    const jobs = withLocalJobs(engine);
    let total = 0;
    for (const cell of cells) {
      started = performance.now();
      await specCellKindOf(cell.kind)!.execute(jobs, { id: cell.name, ...cell }, { cells: [] });
      times[cell.kind] = performance.now() - started;
      total += times[cell.kind]!;
    }
    times['analytics total'] = total;
    console.log(
      `native   ${path.split('/').pop()}: ${Object.entries(times)
        .map(([step, ms]) => `${step} ${ms.toFixed(0)} ms`)
        .join(', ')}`,
    );
  } finally {
    await engine.close();
  }
  return times;
}

async function runChromium(path: string, cells: CellRun[]): Promise<Record<string, number>> {
  const server = await startPreview(port);
  const times: Record<string, number> = {};
  try {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const page = await browser.newPage();
    await openBenchPage(page, port, '?persistent');
    await page.setInputFiles('#file', path);
    const load = (await page.evaluate(() => (window as any).kuraBench.load('orders'))) as { ms: number };
    const customers = (await page.evaluate((sql) => (window as any).kuraBench.query(sql), customersSql)) as { ms: number };
    times.load = load.ms + customers.ms;
    // A big file moves the warehouse to the threaded build once loaded: the cells run after that, as a user's would.
    const settled = await whenSettled(page);
    console.log(
      `chromium ${path.split('/').pop()}: working on ${describeEngine(settled.engine)}${settled.ms > 200 ? ` (moved to it ${settled.ms} ms after the load)` : ''}`,
    );
    let total = 0;
    for (const cell of cells) {
      const run = (await page.evaluate(({ kind, name, spec }) => (window as any).kuraBench.cell(kind, name, spec), cell)) as { ms: number };
      times[cell.kind] = run.ms;
      total += run.ms;
    }
    times['analytics total'] = total;
    console.log(
      `chromium ${path.split('/').pop()}: ${Object.entries(times)
        .map(([step, ms]) => `${step} ${ms.toFixed(0)} ms`)
        .join(', ')}`,
    );
    await browser.close();
  } finally {
    server.kill();
  }
  return times;
}

/**
 * About 1M orders of ~100k customers over two years, from the BG/NBD story itself (so the churn model is well posed):
 * each customer starts on a random day, buys at their own Poisson rate, and after each purchase drops out with their
 * own probability.
 */
export async function writeOrders(path: string, count: number): Promise<void> {
  console.log(`generating ${count.toLocaleString()} orders…`);
  let seed = 42;
  const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
  const out = createWriteStream(path);
  out.write('order_id,contact_id,order_date,amount,channel,status\n');
  const start = Date.parse('2023-07-01');
  const days = Math.round((Date.parse('2025-06-30') - start) / 86_400_000);
  let written = 0;
  for (let customer = 0; written < count; customer++) {
    const perDay = (0.2 + 3 * random() ** 2) / 30;
    const dropout = 0.02 + 0.25 * random();
    const spend = 1000 + Math.floor(random() * 20000);
    for (
      let day = Math.floor(random() * days);
      day <= days && written < count;
      day += Math.max(1, Math.round(-Math.log(1 - random()) / perDay))
    ) {
      const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
      const line = `O${written},C${customer},${date},${spend + Math.floor(random() * 2000)},${random() < 0.6 ? 'online' : 'store'},completed\n`;
      written++;
      if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      if (random() < dropout) break;
    }
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}
