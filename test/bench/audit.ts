/**
 * Audit benchmark (`KURA_BENCH_ONLY=audit npm run bench`, or part of the full `npm run bench`): profiles a generated
 * 1M-row, 12-column CSV (test/bench/audit-csv.ts: e-mails, phones, postal codes, Japanese names, dates in five
 * forms, amounts, notes with mojibake) with the `audit` job, natively and in Chromium (the job runs in the
 * warehouse worker), in the same run. Prints medians, the ratios and whether the profiles are identical.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { tableFromIPC } from 'apache-arrow';
import { audit, type AuditResult } from '../../src/audit/job.ts';
import { NativeEngine } from '../../src/engine/native.ts';
import { loadFile } from '../../src/ingest/load.ts';
import { quietJobContext } from '../../src/jobs/job.ts';
import { chromiumArgs, chromiumPath } from '../../playwright.config.ts';
import { startPreview } from './preview.ts';
import { openBenchPage, whenSettled } from './bench-page.ts';
import { writeAuditCsv } from './audit-csv.ts';

const rows = Number(process.env.KURA_BENCH_AUDIT_ROWS ?? 1_000_000);
const repeats = Number(process.env.KURA_BENCH_REPEATS ?? 3);
const port = 4392;
const spec = { tables: ['audit'] };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;

/** Runs the audit benchmark unless another one was selected; returns true when it was the only one asked for. */
export async function benchAudit(): Promise<boolean> {
  const only = process.env.KURA_BENCH_ONLY;
  if (only && only !== 'audit') return false;
  mkdirSync('.bench', { recursive: true });
  const csvPath = resolve(`.bench/audit_${rows}.csv`);
  if (!existsSync(csvPath)) {
    console.log(`generating the ${rows.toLocaleString()}-row audit CSV…`);
    await writeAuditCsv(csvPath, rows);
  }
  console.log(
    `\n## Audit profile: ${rows.toLocaleString()} rows × 12 columns, ${(statSync(csvPath).size / 1024 / 1024).toFixed(0)} MB CSV, ${repeats} runs, medians\n`,
  );

  const native = await benchNative(csvPath);
  const browsers = [await benchChromium(csvPath, false), await benchChromium(csvPath, true)];

  console.log(`\n| audit profile (1M × 12) | engine | median | ratio to native (target ≤ 2.0×) | same profile as native |`);
  console.log('|---|---|---|---|---|');
  console.log(`| native DuckDB | ${native.threads} threads | ${fmt(native.ms)} | 1.00× | — |`);
  for (const b of browsers) {
    const ratio = b.ms / native.ms;
    const same = sameProfile(native.result, b.result);
    console.log(
      `| Chromium, ${b.persistent ? 'OPFS warehouse (the app)' : 'in memory (bench.html)'} | ${b.info.bundle}, ${b.info.threads} thread${b.info.threads === 1 ? '' : 's'} | ${fmt(b.ms)} | ${ratio.toFixed(2)}× ${ratio <= 2 ? 'ok' : 'OVER TARGET'} | ${same ? 'yes' : 'NO'} |`,
    );
  }
  return only === 'audit';
}

async function benchNative(csvPath: string) {
  const engine = await NativeEngine.create();
  await loadFile(engine, { fileName: 'audit.csv', bytes: new Uint8Array(readFileSync(csvPath)), table: 'audit' });
  const times: number[] = [];
  let result: AuditResult | undefined;
  for (let run = 0; run < repeats; run++) {
    const started = performance.now();
    result = await audit(engine, spec, quietJobContext());
    times.push(performance.now() - started);
    console.log(`native         run ${run + 1}: profile ${fmt(times.at(-1)!)}`);
  }
  const threads = Number(tableFromIPC(await engine.query("select current_setting('threads')::integer as t")).get(0)?.t);
  await engine.close();
  return { ms: median(times), threads, result: result! };
}

async function benchChromium(csvPath: string, persistent: boolean) {
  const label = persistent ? 'chromium opfs ' : 'chromium mem  ';
  // vite itself, not through npx: killing npx would leave the server running.
  const server = await startPreview(port);
  try {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const page = await browser.newPage();
    await openBenchPage(page, port, persistent ? '?persistent' : '');
    await page.setInputFiles('#file', csvPath);
    const load = await page.evaluate(() => (window as any).kuraBench.load('audit'));
    if (load.rows !== rows) throw new Error(`browser loaded ${load.rows} rows, expected ${rows}`);
    // A big file moves the OPFS warehouse to the threaded build once loaded: profiled after that, as a user's would be.
    const info = (await whenSettled(page)).engine;
    const times: number[] = [];
    let result: AuditResult | undefined;
    for (let run = 0; run < repeats; run++) {
      const job = (await page.evaluate((s) => (window as any).kuraBench.job('audit', s), spec)) as { ms: number; result: AuditResult };
      times.push(job.ms);
      result = job.result;
      console.log(
        `${label} run ${run + 1}: profile ${fmt(job.ms)}  (${info.bundle}, ${info.threads} thread${info.threads === 1 ? '' : 's'})`,
      );
    }
    await browser.close();
    return { ms: median(times), info, persistent, result: result! };
  } finally {
    server.kill();
  }
}

/** The same counts, rates and values on both engines (approximate quantiles and float means within a small tolerance). */
function sameProfile(a: AuditResult, b: AuditResult): boolean {
  const differences = profileDifferences(a, b);
  for (const difference of differences.slice(0, 8)) console.log(`  differs: ${difference}`);
  return differences.length === 0;
}

/**
 * Where two profiles differ, as `path: native → browser`. Floats agree to nine digits, or within 1e-9 of each other
 * near zero (a uniform column's skewness is 2.03e-11 natively and 2.07e-11 in the tab: summation order).
 */
function profileDifferences(a: AuditResult, b: AuditResult): string[] {
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: string) => {
    if (path.endsWith('.quantiles')) return;
    if (x && y && typeof x === 'object' && typeof y === 'object') {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)]))
        walk((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key], `${path}.${key}`);
    } else if (typeof x === 'number' && typeof y === 'number' ? !close(x, y) : JSON.stringify(x) !== JSON.stringify(y)) {
      out.push(`${path}: ${JSON.stringify(x)} → ${JSON.stringify(y)}`);
    }
  };
  walk(a.profiles, b.profiles, 'profiles');
  return out;
}
