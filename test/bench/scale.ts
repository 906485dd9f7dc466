/**
 * Scale (`KURA_BENCH_ONLY=scale npm run bench`, or part of the full bench): a generated 10M-row contacts CSV (1.3 GB)
 * loaded and aggregated natively and in Chromium, in the app's default OPFS warehouse (beside a table made before it,
 * which must stay) and in memory on the threaded build; then the OPFS warehouse reloaded to its first query. One run
 * each: the point is that 10M rows work in the tab and what they cost, not a median. Then past the limit: a 15M-row
 * CSV (1.9 GB, under the tab's 2 GB file limit) loaded into the in-memory database must stop with one sentence and
 * leave the earlier table; a file over 2 GB is refused before it is read (src/ingest/browser-file.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../playwright.config.ts';
import { NativeEngine } from '../../src/engine/native.ts';
import { loadFile } from '../../src/ingest/load.ts';
import { startPreview } from './preview.ts';
import { writeContactsCsv } from './contacts-csv.ts';

const rows = Number(process.env.KURA_BENCH_SCALE_ROWS ?? 10_000_000);
/** Past the in-memory database's limit (1.9 GB of CSV, under the tab's 2 GB file limit): the load must stop with one sentence. */
const pastLimitRows = Number(process.env.KURA_BENCH_SCALE_PAST_LIMIT_ROWS ?? 15_000_000);
const port = 4397;
const groupBySql =
  'select region, lifecycle_stage, count(*) as contacts, count(distinct email) as emails, avg(lifetime_value) as value from contacts group by all order by contacts desc';

interface Figures {
  load: number;
  groupBy: number;
  reload?: number;
}

/** Runs this benchmark unless another one was selected; returns true when it was the only one asked for. */
export async function benchScale(): Promise<boolean> {
  const only = process.env.KURA_BENCH_ONLY;
  if (only && only !== 'scale') return false;
  const csvPath = resolve(`.bench/contacts_${rows}.csv`);
  if (!existsSync(csvPath)) {
    console.log(`generating ${rows.toLocaleString()} contacts…`);
    await writeContactsCsv(csvPath, rows);
  }
  const gigabytes = statSync(csvPath).size / 1024 ** 3;
  console.log(`\n## Scale: ${rows.toLocaleString()} contacts, ${gigabytes.toFixed(2)} GB CSV, one run each\n`);
  const native = await nativeFigures(csvPath);
  const opfs = await chromiumFigures(csvPath, '?persistent');
  const memory = await chromiumFigures(csvPath, '');
  const ratio = (ms: number, base: number) => `${(ms / base).toFixed(2)}×`;
  console.log('| step | native DuckDB | Chromium, OPFS warehouse (the default) | ratio | Chromium, in memory (threaded) | ratio |');
  console.log('|---|---|---|---|---|---|');
  console.log(
    `| load | ${seconds(native.load)} | ${seconds(opfs.load)} | ${ratio(opfs.load, native.load)} | ${seconds(memory.load)} | ${ratio(memory.load, native.load)} |`,
  );
  console.log(
    `| GROUP BY | ${seconds(native.groupBy)} | ${seconds(opfs.groupBy)} | ${ratio(opfs.groupBy, native.groupBy)} | ${seconds(memory.groupBy)} | ${ratio(memory.groupBy, native.groupBy)} |`,
  );
  console.log(`| reload to first query | — | ${seconds(opfs.reload!)} | | — | |`);
  console.log('\nThe table made before the load was intact after it in both browser runs.');
  await pastTheLimit();
  return only === 'scale';
}

/** The in-memory database (a second tab, or a page that is not persistent) past what the tab's memory holds. */
async function pastTheLimit(): Promise<void> {
  const csvPath = resolve(`.bench/contacts_${pastLimitRows}.csv`);
  if (!existsSync(csvPath)) await writeContactsCsv(csvPath, pastLimitRows);
  const size = `${(statSync(csvPath).size / 1024 ** 3).toFixed(2)} GB`;
  await withChosenFile('', csvPath, async (page) => {
    const started = Date.now();
    const outcome = await page
      .evaluate(() => (window as unknown as Bench).kuraBench.load('contacts'))
      .then((load) => `loaded ${load.rows.toLocaleString()} rows`)
      .catch((error: Error) => `stopped: "${/KuraError: ([^\n]*)/.exec(error.message)?.[1] ?? error.message}"`);
    const before = await madeBefore(page);
    console.log(
      `\nPast the limit: ${pastLimitRows.toLocaleString()} contacts (${size}) in memory on the threaded build: ${outcome} after ${seconds(Date.now() - started)}; the table made before it ${before === 42 ? 'intact' : 'LOST'}.`,
    );
  });
}

/** bench.html (with `search`) in a fresh browser, a table made in it, and `csvPath` chosen as the file to load. */
async function withChosenFile<T>(search: string, csvPath: string, work: (page: Page) => Promise<T>): Promise<T> {
  const server = await startPreview(port);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await open(page, `bench.html${search}`);
    await page.evaluate(() => (window as unknown as Bench).kuraBench.query('create table made_before as select 42 as answer'));
    await page.setInputFiles('#file', csvPath);
    return await work(page);
  } finally {
    await browser.close();
    server.kill();
  }
}

/** The table withChosenFile made before the load: its answer, 42 while it is intact. */
async function madeBefore(page: Page): Promise<unknown> {
  return (await page.evaluate(() => (window as unknown as Bench).kuraBench.column('select answer from made_before')))[0];
}

async function nativeFigures(csvPath: string): Promise<Figures> {
  const engine = await NativeEngine.create();
  try {
    const bytes = new Uint8Array(readFileSync(csvPath));
    let started = performance.now();
    const report = await loadFile(engine, { fileName: 'contacts.csv', bytes, table: 'contacts' });
    const load = performance.now() - started;
    if (report.rows !== rows) throw new Error(`native loaded ${report.rows} rows, expected ${rows}`);
    started = performance.now();
    await engine.query(groupBySql);
    const groupBy = performance.now() - started;
    console.log(`native: load ${seconds(load)}, group by ${seconds(groupBy)}`);
    return { load, groupBy };
  } finally {
    await engine.close();
  }
}

async function chromiumFigures(csvPath: string, search: string): Promise<Figures> {
  const label = search ? 'chromium opfs' : 'chromium mem';
  return withChosenFile(search, csvPath, async (page) => {
    const load = await page.evaluate(() => (window as unknown as Bench).kuraBench.load('contacts'));
    if (load.rows !== rows) throw new Error(`${label} loaded ${load.rows} rows, expected ${rows}`);
    const query = await page.evaluate((sql) => (window as unknown as Bench).kuraBench.query(sql), groupBySql);
    if ((await madeBefore(page)) !== 42) throw new Error(`${label}: the table made before the load is gone or changed`);
    console.log(`${label}: load ${seconds(load.ms)}, group by ${seconds(query.ms)}`);
    if (!search) return { load: load.ms, groupBy: query.ms };
    const started = Date.now();
    await open(page, `bench.html${search}&keep`);
    const counted = await page.evaluate(() => (window as unknown as Bench).kuraBench.column('select count(*) from contacts'));
    const reload = Date.now() - started;
    if (Number(counted[0]) !== rows) throw new Error(`after the reload contacts holds ${String(counted[0])} rows, expected ${rows}`);
    console.log(`${label}: reload to first query ${seconds(reload)}`);
    return { load: load.ms, groupBy: query.ms, reload };
  });
}

async function open(page: Page, path: string): Promise<void> {
  await page.goto(`http://127.0.0.1:${port}/${path}`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, { timeout: 300_000 });
}

interface Bench {
  kuraBench: {
    load(table: string): Promise<{ ms: number; rows: number }>;
    query(sql: string): Promise<{ ms: number; rows: number }>;
    column(sql: string): Promise<unknown[]>;
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
