/**
 * Share-bundle benchmark (`KURA_BENCH_ONLY=sharing npm run bench`, or part of the full `npm run bench`): makes a
 * 1M-row, 8-column contacts table in SQL, writes it into a `.kura` bundle (plain, and with `--mask hash`) and opens
 * it again, natively (DuckDB's Parquet writer and reader) and in Chromium (the writeShareBundle / openShareBundle
 * jobs inside the warehouse worker, with parquet-wasm writing and reading Arrow), in the same run. Prints medians, ratios,
 * bundle sizes and whether the restored table gives the same fingerprint query as the original.
 */
import { chromium } from '@playwright/test';
import { tableFromIPC } from 'apache-arrow';
import { NativeEngine } from '../../src/engine/native.ts';
import { openBundle, writeBundle } from '../../src/report/bundle.ts';
import { chromiumArgs, chromiumPath } from '../../playwright.config.ts';
import { startPreview } from './preview.ts';
import { openBenchPage } from './bench-page.ts';

const rows = Number(process.env.KURA_BENCH_SHARING_ROWS ?? 1_000_000);
const repeats = Number(process.env.KURA_BENCH_REPEATS ?? 3);
const port = 4394;

const notebookText = '---\nkura: 1\ntitle: Bench\n---\n\n```source people\nfile: people.csv\npreset: salesforce.contact\n```\n';
const makeTable = `create or replace table people as select range as "Id",
  'user' || range || '@example.jp' as "Email",
  '090-' || lpad((range % 10000)::VARCHAR, 4, '0') || '-' || lpad((range % 9973)::VARCHAR, 4, '0') as "Phone",
  '山田' || (range % 1000) as "LastName", '太郎' || (range % 37) as "FirstName", 'Pref ' || (range % 47) as "MailingState",
  date '2020-01-01' + (range % 1500)::INTEGER as "CreatedDate", round(range * 1.5, 2)::DOUBLE as amount
  from range(${rows})`;
/** Rows in one table and not the other (both ways, duplicates counted): 0 when the restored table equals the original. */
const differingRowsSql = `(select * from people except all select * from people_original) union all (select * from people_original except all select * from people)`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const options = () => ({ createdAt: new Date().toISOString(), kuraVersion: 'bench' });

type Mode = 'none' | 'hash';
interface Figures {
  write: Record<Mode, number>;
  open: Record<Mode, number>;
  size: Record<Mode, number>;
  /** Rows that differ between the original table and the one restored from its plain bundle. */
  differing: number;
}

/** Runs the sharing benchmark unless another one was selected; returns true when it was the only one asked for. */
export async function benchSharing(): Promise<boolean> {
  const only = process.env.KURA_BENCH_ONLY;
  if (only && only !== 'sharing') return false;
  console.log(`\n## Share bundles: ${rows.toLocaleString()} rows × 8 columns, ${repeats} runs, medians\n`);
  const native = await benchNative();
  const browser = await benchChromium();
  console.log(
    `\n| share bundle (${rows.toLocaleString()} × 8) | native DuckDB | Chromium, in memory (${browser.info}) | ratio | size native / Chromium |`,
  );
  console.log('|---|---|---|---|---|');
  for (const mode of ['none', 'hash'] as const) {
    for (const step of ['write', 'open'] as const) {
      const ratio = browser.figures[step][mode] / native[step][mode];
      const size =
        step === 'write' ? `${(native.size[mode] / 1e6).toFixed(1)} MB / ${(browser.figures.size[mode] / 1e6).toFixed(1)} MB` : '';
      console.log(
        `| ${step}, masking ${mode} | ${fmt(native[step][mode])} | ${fmt(browser.figures[step][mode])} | ${ratio.toFixed(1)}× | ${size} |`,
      );
    }
  }
  const same = (figures: Figures) => (figures.differing === 0 ? 'yes' : `NO (${figures.differing} rows differ)`);
  console.log(
    `\nThe table restored from the plain bundle equals the original, row for row: native ${same(native)}, Chromium ${same(browser.figures)}.`,
  );
  console.log(
    'Chromium writes and reads Parquet with parquet-wasm (Arrow in and out of DuckDB-WASM, zstd) because DuckDB-WASM has no parquet extension offline.',
  );
  return only === 'sharing';
}

async function benchNative(): Promise<Figures> {
  const engine = await NativeEngine.create();
  await engine.exec(makeTable);
  const figures: Figures = { write: { none: 0, hash: 0 }, open: { none: 0, hash: 0 }, size: { none: 0, hash: 0 }, differing: -1 };
  for (const mode of ['none', 'hash'] as const) {
    const writes: number[] = [];
    const opens: number[] = [];
    for (let run = 0; run < repeats; run++) {
      let started = performance.now();
      const bytes = await writeBundle(engine, notebookText, { ...options(), masking: mode === 'hash' ? { mode: 'hash' } : undefined });
      writes.push(performance.now() - started);
      figures.size[mode] = bytes.length;
      const other = await NativeEngine.create();
      started = performance.now();
      await openBundle(other, bytes);
      opens.push(performance.now() - started);
      if (mode === 'none' && run === 0) {
        await other.exec(makeTable.replace('table people', 'table people_original'));
        figures.differing = tableFromIPC(await other.query(differingRowsSql)).numRows;
      }
      await other.close();
      console.log(`native   ${mode}: write ${fmt(writes.at(-1)!)}, open ${fmt(opens.at(-1)!)}`);
    }
    figures.write[mode] = median(writes);
    figures.open[mode] = median(opens);
  }
  await engine.close();
  return figures;
}

async function benchChromium(): Promise<{ figures: Figures; info: string }> {
  const server = await startPreview(port);
  try {
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const page = await browser.newPage();
    await openBenchPage(page, port);
    const info = await page.evaluate(() => (window as any).kuraBench.info as { bundle: string; threads: number });
    const rowsOf = (sql: string) =>
      page.evaluate(async (text) => ((await (window as any).kuraBench.query(text)) as { rows: number }).rows, sql);
    await rowsOf(makeTable);
    await rowsOf('create or replace table people_original as select * from people');
    const figures: Figures = { write: { none: 0, hash: 0 }, open: { none: 0, hash: 0 }, size: { none: 0, hash: 0 }, differing: -1 };
    for (const mode of ['none', 'hash'] as const) {
      const writes: number[] = [];
      const opens: number[] = [];
      for (let repeat = 0; repeat < repeats; repeat++) {
        await rowsOf('create or replace table people as select * from people_original');
        const step = await page.evaluate(
          async ({ text, masking }) => {
            const bench = (window as any).kuraBench;
            const written = await bench.job('writeShareBundle', {
              notebookText: text,
              createdAt: new Date().toISOString(),
              kuraVersion: 'bench',
              masking,
            });
            const opened = await bench.job('openShareBundle', { bytes: written.result, notebookId: 'bench' });
            return { write: written.ms as number, open: opened.ms as number, size: (written.result as Uint8Array).length };
          },
          { text: notebookText, masking: mode === 'hash' ? { mode: 'hash' } : undefined },
        );
        writes.push(step.write);
        opens.push(step.open);
        figures.size[mode] = step.size;
        if (mode === 'none' && repeat === 0) figures.differing = await rowsOf(differingRowsSql);
        console.log(`chromium ${mode}: write ${fmt(step.write)}, open ${fmt(step.open)}`);
      }
      figures.write[mode] = median(writes);
      figures.open[mode] = median(opens);
    }
    await browser.close();
    return { figures, info: `${info.bundle}, ${info.threads} thread${info.threads === 1 ? '' : 's'}` };
  } finally {
    server.kill();
  }
}
