/**
 * `KURA_BENCH_ONLY=migrate npm run bench`: 1M golden records written as a Salesforce Contact import file — the
 * migrate cell (mapping and the target's rules in SQL) and the import file's bytes — in Chromium (the app's OPFS
 * warehouse, the cell and its download job in the worker) and in native DuckDB, in the same run.
 */
import { chromium } from '@playwright/test';
import { specCellKindOf } from '../../src/cells/kinds.ts';
import { NativeEngine } from '../../src/engine/native.ts';
import { migrationFileBytes } from '../../src/migrate/files.ts';
import { withLocalJobs } from '../../src/warehouse/local-jobs.ts';
import { chromiumArgs, chromiumPath } from '../../playwright.config.ts';
import { startPreview } from './preview.ts';
import { openBenchPage } from './bench-page.ts';

const port = 4395;
const customers = Number(process.env.KURA_BENCH_CUSTOMERS ?? 1_000_000);
const fmt = (ms: number) => `${ms.toFixed(0).padStart(7)} ms`;
const spec = { target: 'salesforce.contact', table: 'customers_golden' };

/** Golden records made in SQL, the same on both engines: Japanese names, one bad e-mail in 100, one missing family name in 1,000. */
const goldenSql = `CREATE OR REPLACE TABLE customers_golden AS
  SELECT i AS cluster_id, 'KC-' || lpad(i::VARCHAR, 8, '0') AS customer_id,
         CASE WHEN i % 1000 = 0 THEN NULL ELSE ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺'][1 + i % 6] || ' ' || ['花子', '太郎', '美咲', '翔', '陽菜', '蓮'][1 + i % 7 % 6] END AS name,
         CASE WHEN i % 100 = 0 THEN 'user' || i || '.example.jp' ELSE 'user' || i || '@example.jp' END AS email,
         '+8131234' || lpad((i % 10000)::VARCHAR, 4, '0') AS phone,
         '+8190' || lpad(i::VARCHAR, 8, '0') AS mobile_phone,
         '株式会社サンプル' || (i % 50000) AS company,
         lpad((i % 1000)::VARCHAR, 3, '0') || '-' || lpad((i % 10000)::VARCHAR, 4, '0') AS postal_code,
         '丸の内' || (i % 9 + 1) || '-' || (i % 30 + 1) AS address, '千代田区' AS city, '東京都' AS region, 'JP' AS country,
         (DATE '1960-01-01' + (i % 15000)::INTEGER)::VARCHAR AS birth_date
  FROM range(${customers}) t(i)`;

export async function benchMigrate(): Promise<boolean> {
  const only = process.env.KURA_BENCH_ONLY;
  if (only && only !== 'migrate') return false;
  console.log(`\n## Migration: ${customers.toLocaleString('en')} golden records to a Salesforce Contact import file\n`);
  const native = await runNative();
  const browser = await runChromium();
  console.log('| step | native DuckDB | Chromium (app, OPFS, worker) | ratio (target ≤ 1.5×) |\n|---|---|---|---|');
  for (const step of Object.keys(native)) {
    const ratio = browser[step]! / native[step]!;
    console.log(`| ${step} | ${fmt(native[step]!)} | ${fmt(browser[step]!)} | ${ratio.toFixed(2)}× ${ratio <= 1.5 ? 'ok' : 'OVER'} |`);
  }
  return only === 'migrate';
}

async function runNative(): Promise<Record<string, number>> {
  const engine = await NativeEngine.create();
  try {
    await engine.exec(goldenSql);
    let started = performance.now();
    const outcome = await specCellKindOf('migrate')!.execute(
      withLocalJobs(engine),
      { id: 'm', kind: 'migrate', name: 'migration', spec },
      { cells: [] },
    );
    const check = performance.now() - started;
    started = performance.now();
    const bytes = await migrationFileBytes(engine, spec, 'migration', 'import');
    const file = performance.now() - started;
    console.log(`native: ${JSON.stringify(summaryLine(outcome.value))}, import file ${(bytes.length / 1024 / 1024).toFixed(0)} MB`);
    return { 'rules checked (cell)': check, 'import file written': file, total: check + file };
  } finally {
    await engine.close();
  }
}

async function runChromium(): Promise<Record<string, number>> {
  const server = await startPreview(port);
  try {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const page = await browser.newPage();
    await openBenchPage(page, port, '?persistent');
    await page.evaluate((sql) => (window as any).kuraBench.query(sql), goldenSql);
    const check = (await page.evaluate((spec) => (window as any).kuraBench.cell('migrate', 'migration', spec), spec)) as { ms: number };
    const file = (await page.evaluate(async (spec) => {
      const { ms, result } = await (window as any).kuraBench.job('migrationFile', { spec, prefix: 'migration', file: 'import' });
      return { ms, size: (result as Uint8Array).length };
    }, spec)) as { ms: number; size: number };
    console.log(`chromium: import file ${(file.size / 1024 / 1024).toFixed(0)} MB`);
    await browser.close();
    return { 'rules checked (cell)': check.ms, 'import file written': file.ms, total: check.ms + file.ms };
  } finally {
    server.kill();
  }
}

function summaryLine(value: unknown): unknown {
  const summary = value as { passing: number; failing: number; problems: unknown[] };
  return { passing: summary.passing, failing: summary.failing, problems: summary.problems };
}
