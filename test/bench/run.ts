/**
 * `npm run bench`: loads a generated 1M-row contacts CSV and aggregates it, with the same ingest
 * code, in Chromium on DuckDB-WASM and in native DuckDB, in the same run; prints times and ratios.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { openBenchPage, whenSettled } from './bench-page.ts';
import { tableFromIPC } from 'apache-arrow';
import { NativeEngine } from '../../src/engine/native.ts';
import { loadFile } from '../../src/ingest/load.ts';
import { chromiumArgs, chromiumPath } from '../../playwright.config.ts';
import { startPreview } from './preview.ts';
import { writeContactsCsv } from './contacts-csv.ts';
import { benchAudit } from './audit.ts';
import { benchIdentity } from './identity.ts';
import { benchIdentityPeople } from './identity-people.ts';
import { benchIdentitySplink } from './identity-splink.ts';
import { benchSharing } from './sharing.ts';
import { benchAnalytics } from './analytics.ts';
import { benchFirstResult } from './first-result.ts';
import { benchMigrate } from './migrate.ts';
import { benchMainThread } from './main-thread.ts';
import { benchScale } from './scale.ts';

const rows = Number(process.env.KURA_BENCH_ROWS ?? 1_000_000);
const repeats = Number(process.env.KURA_BENCH_REPEATS ?? 3);
const port = 4391;
const groupBySql =
  'select region, lifecycle_stage, count(*) as contacts, count(distinct email) as emails, avg(lifetime_value) as value from contacts group by all order by contacts desc';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(0).padStart(7)} ms`;

async function main() {
  if (await benchAudit()) return;
  if (await benchIdentity()) return;
  if (await benchIdentityPeople()) return;
  if (await benchIdentitySplink()) return;
  if (await benchSharing()) return;
  if (await benchAnalytics()) return;
  if (await benchFirstResult()) return;
  if (await benchMigrate()) return;
  if (await benchMainThread()) return;
  if (await benchScale()) return;
  mkdirSync('.bench', { recursive: true });
  const csvPath = resolve(`.bench/contacts_${rows}.csv`);
  if (!existsSync(csvPath)) {
    console.log(`generating ${rows.toLocaleString()} contacts…`);
    await writeContactsCsv(csvPath, rows);
  }
  const megabytes = statSync(csvPath).size / 1024 / 1024;
  console.log(`data: ${rows.toLocaleString()} rows, ${megabytes.toFixed(0)} MB CSV, ${repeats} runs each, medians\n`);

  const native = await benchNative(csvPath);
  const inMemory = await benchChromium(csvPath, 'memory');
  const persistent = await benchChromium(csvPath, 'opfs');
  const single = await benchChromium(csvPath, 'opfs-single');
  const threaded = await benchChromium(csvPath, 'opfs-threaded');

  const modes = [
    { result: inMemory, title: `Chromium, in memory (${describe(inMemory.info)})` },
    {
      result: persistent,
      title: `Chromium, the app's default: OPFS warehouse, a big one moved to threads (${describe(persistent.info)} → ${describe(persistent.after)})`,
    },
    { result: single, title: `Chromium, OPFS warehouse kept single-threaded (${describe(single.info)})` },
    { result: threaded, title: `Chromium, threaded copy from the start, opt-in (${describe(threaded.info)})` },
  ];
  console.log(`\n| step | native DuckDB (${native.threads} threads) | ${modes.map((mode) => `${mode.title} | ratio`).join(' | ')} |`);
  console.log(`|---|---|${modes.map(() => '---|---|').join('')}`);
  for (const step of ['first load', 'load', 'load and saved', 'group by'] as const) {
    const cells = modes.map(({ result }) => `${fmt(result[step])} | ${(result[step] / native[step]).toFixed(2)}×`);
    console.log(`| ${step} | ${fmt(native[step])} | ${cells.join(' | ')} |`);
  }
  const reloads = modes.map(({ result }) =>
    result.reload
      ? `${fmt(result.reload)}${result.threadsAfter ? `; on threads after ${fmt(result.threadsAfter)}` : ''}${Number.isNaN(result.restore) ? ' (threaded build given up, see above)' : result.restore ? ` (copying the tables ${result.restore} ms, ${result.restoreMethod})` : ''} | `
      : '— | ',
  );
  console.log(`| reload to first query (${rows.toLocaleString()} rows stored; target ≤ 2 s) | — | ${reloads.join('')}`);
  console.log(
    '\nThe OPFS warehouse needs DuckDB-WASM\'s single-threaded build (it cannot share OPFS handles with its threads). The app starts on it; a warehouse of 32 MB or more (stored, or a file being loaded) moves to the threaded build, its tables copied into memory and saved back to the OPFS warehouse in the background (workers/mirrored-store.ts). "first load" is the first of the runs (in the default mode on the OPFS database, the move after it); "load" the median of all; "load and saved" until the table would survive a closed tab.',
  );
}

async function benchNative(csvPath: string) {
  const loads: number[] = [];
  const queries: number[] = [];
  const engine = await NativeEngine.create();
  for (let run = 0; run < repeats; run++) {
    const bytes = new Uint8Array(readFileSync(csvPath));
    let started = performance.now();
    const report = await loadFile(engine, { fileName: 'contacts.csv', bytes, table: 'contacts' });
    loads.push(performance.now() - started);
    if (report.rows !== rows) throw new Error(`native loaded ${report.rows} rows, expected ${rows}`);
    started = performance.now();
    await engine.query(groupBySql);
    queries.push(performance.now() - started);
    console.log(`native   run ${run + 1}: load ${fmt(loads.at(-1)!)}, group by ${fmt(queries.at(-1)!)}`);
  }
  const threads = Number(tableFromIPC(await engine.query("select current_setting('threads')::integer as t")).get(0)?.t);
  await engine.close();
  // Native DuckDB writes nothing to storage here: its load is also when the table is there to stay.
  return { 'first load': loads[0]!, load: median(loads), 'load and saved': median(loads), 'group by': median(queries), threads };
}

function describe(info: { bundle: string; threads: number }): string {
  return `${info.bundle}, ${info.threads} thread${info.threads === 1 ? '' : 's'}`;
}

async function benchChromium(csvPath: string, mode: 'memory' | 'opfs' | 'opfs-single' | 'opfs-threaded') {
  const label = {
    memory: 'chromium mem  ',
    opfs: 'chromium default',
    'opfs-single': 'chromium opfs single',
    'opfs-threaded': 'chromium opfs+threads',
  }[mode];
  const persistent = mode !== 'memory';
  const search = { memory: '', opfs: '?persistent', 'opfs-single': '?persistent&single', 'opfs-threaded': '?persistent&threaded' }[mode];
  const server = await startPreview(port);
  try {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const page = await browser.newPage();
    await openBenchPage(page, port, search);
    await page.setInputFiles('#file', csvPath);
    const info = await page.evaluate(() => (window as any).kuraBench.info);
    const loads: number[] = [];
    const saves: number[] = [];
    const queries: number[] = [];
    let movedAfter = 0;
    for (let run = 0; run < repeats; run++) {
      const load = await page.evaluate(() => (window as any).kuraBench.load('contacts'));
      if (load.rows !== rows) throw new Error(`browser loaded ${load.rows} rows, expected ${rows}`);
      const query = await page.evaluate((sql) => (window as any).kuraBench.query(sql), groupBySql);
      loads.push(load.ms);
      saves.push(load.savedMs);
      queries.push(query.ms);
      console.log(`${label} run ${run + 1}: load ${fmt(load.ms)}, saved ${fmt(load.savedMs)}, group by ${fmt(query.ms)}  (${load.phases})`);
      // The default moves to the threaded build once the first big file is loaded: the next runs measure it there.
      if (mode === 'opfs' && run === 0) movedAfter = (await whenSettled(page)).ms;
    }
    const after = await page.evaluate(() => (window as any).kuraBench.describe());
    // A reload of the persistent warehouse: from navigation to the first query's answer.
    let reload = 0;
    let threadsAfter = 0;
    let restore = 0;
    let restoreMethod = '';
    if (persistent) {
      const started = Date.now();
      await page.goto(`http://127.0.0.1:${port}/bench.html${search}&keep`);
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', null, { timeout: 120_000 });
      const counted = await page.evaluate(() => (window as any).kuraBench.column('select count(*) from contacts'));
      reload = Date.now() - started;
      // The default moves a big warehouse to the threaded build once it has answered: until then.
      if (mode === 'opfs') threadsAfter = await whenSettled(page).then(() => Date.now() - started);
      const reloaded = await page.evaluate(() => (window as any).kuraBench.describe());
      restore = reloaded.restoreMs ?? 0;
      restoreMethod = reloaded.restoreMethod ?? '';
      if (counted[0] !== rows) throw new Error(`after the reload contacts holds ${String(counted[0])} rows, expected ${rows}`);
      // The opt-in falls back to the OPFS database when the threaded build does not take the tables over: say so, not "0 ms".
      const fellBack = reloaded.threadedProblem ? ` (the threaded build was given up: ${reloaded.threadedProblem})` : '';
      console.log(
        `${label} reload to first query: ${fmt(reload)}${restore ? ` (copying the tables into memory ${restore} ms, ${restoreMethod})` : ''}${fellBack}`,
      );
      if (fellBack) restore = Number.NaN;
    }
    await browser.close();
    if (movedAfter) console.log(`${label}: on the threaded build ${fmt(movedAfter)} after the first load and its query`);
    return {
      'first load': loads[0]!,
      load: median(loads),
      'load and saved': median(saves),
      'group by': median(queries),
      info,
      after,
      reload,
      threadsAfter,
      restore,
      restoreMethod,
    };
  } finally {
    server.kill();
  }
}

await main();
