/**
 * Every file of the hostile corpus (test/fixtures/hostile) through the real ingest on both engines and through
 * `kura audit`: each loads as expected (rows, columns, rejected lines with reasons) or is refused with its one
 * sentence, and nothing crashes, hangs or prints a stack trace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/engine/plain-rows.ts';
import type { AuditJson } from '../../src/cli/commands/audit.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { KuraError } from '../../src/engine/engine.ts';
import { isMessageKey, translate } from '../../src/ui/i18n-table.ts';
import { quoteIdent } from '../../src/engine/sql.ts';
import { loadFile, tableNameFor } from '../../src/ingest/load.ts';
import { hostileCorpus, writeHostileCorpus } from '../fixtures/hostile/corpus.ts';
import { hostileExpectations, type HostileExpectation } from '../fixtures/hostile/expectations.ts';
import { engineFactories } from './engines.ts';
import { kura, type Run } from './cli-runner.ts';

const dir = mkdtempSync(join(tmpdir(), 'kura-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const corpus = hostileCorpus();
const names = Object.keys(corpus);

function expectColumns(actual: string[], expected: HostileExpectation & { outcome: 'loaded' }): void {
  if (Array.isArray(expected.columns)) expect(actual).toEqual(expected.columns);
  else {
    expect(actual).toHaveLength(expected.columns.count);
    expect(actual.slice(0, expected.columns.first.length)).toEqual(expected.columns.first);
  }
  // a UTF-8 BOM (or a zero-width space) never leaks into a name
  expect(actual.filter((name) => /[\uFEFF\u200B]/.test(name))).toEqual([]);
}

it('has an expectation for every file of the corpus, and a file for every expectation', () => {
  expect(Object.keys(hostileExpectations).sort()).toEqual([...names].sort());
});

describe.each(engineFactories)('hostile files through the ingest on $name', ({ create }) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await create();
    await engine.exec(`CREATE TABLE earlier AS SELECT i AS id, 'kept ' || i AS note FROM range(1000) r(i)`);
  });
  afterAll(async () => {
    await engine.close();
  });

  it.each(names)('%s', async (name) => {
    const expected = hostileExpectations[name]!;
    // a table of the same name from an earlier load: replaced only by a file that loads
    const target = quoteIdent(tableNameFor(name));
    await engine.exec(`CREATE OR REPLACE TABLE ${target} AS SELECT 'before' AS sentinel`);
    const earlierIntact = async () =>
      expect(await queryRows(engine, `SELECT count(*)::INTEGER AS n, max(note) AS last FROM earlier`)).toEqual([
        { n: 1000, last: 'kept 999' },
      ]);
    let report;
    try {
      report = await loadFile(engine, { fileName: name, bytes: corpus[name]!.slice() });
    } catch (error) {
      await earlierIntact();
      expect(await queryRows(engine, `SELECT sentinel FROM ${target}`)).toEqual([{ sentinel: 'before' }]);
      expect(error).toBeInstanceOf(KuraError);
      expect({ outcome: 'refused', reason: (error as KuraError).message }).toEqual(expected);
      expect((error as KuraError).kind).toBe('unreadable-file');
      // The app says the same sentence in the UI's language: English word for word, Japanese in Japanese.
      const { sentence, message } = error as KuraError;
      expect(sentence && isMessageKey(sentence.key), 'a message key the app knows').toBe(true);
      expect(translate('en', sentence!.key as never, sentence!.values)).toBe(message);
      expect(translate('ja', sentence!.key as never, sentence!.values)).toMatch(/^[^a-z]*[\u3040-\u30ff\u4e00-\u9fff]/);
      return;
    }
    expect(expected.outcome).toBe('loaded');
    if (expected.outcome !== 'loaded') return;
    expect(report.rows).toBe(expected.rows);
    expectColumns(
      report.columns.map((c) => c.name),
      expected,
    );
    expect(report.rejected.map(({ line, reason }) => ({ line, reason }))).toEqual(expected.rejected);
    expect(report.rejectedCount).toBe(expected.rejected.length);
    if (expected.value) {
      const first = quoteIdent(report.columns[0]!.name);
      const rows = await queryRows(
        engine,
        `SELECT ${quoteIdent(expected.value.column)} AS v FROM ${quoteIdent(report.table)} ORDER BY ${first}`,
      );
      expect(rows[expected.value.row]!.v).toBe(expected.value.equals);
    }
    // the engine is still fine afterwards
    expect(await queryRows(engine, 'SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
    await earlierIntact();
  });
});

/**
 * Ten million one-byte rows, generated here (20 MB): on native DuckDB through loadFile, `kura query` and `kura audit`;
 * the tab loads it in test/e2e/hostile.spec.ts. Not in the corpus, whose every file also runs on the WASM engine in
 * Node: that would take tens of seconds over it.
 */
describe('a file of 10M tiny rows', () => {
  const rows = 10_000_000;
  const tiny = () => {
    const bytes = new Uint8Array(2 + rows * 2);
    bytes.set([0x6e, 0x0a]);
    for (let row = 0; row < rows; row++) bytes.set([0x30 + (row % 10), 0x0a], 2 + row * 2);
    return bytes;
  };

  it('loads on native DuckDB with every row, beside an earlier table that stays intact', async () => {
    const engine = await engineFactories.find((factory) => factory.name.startsWith('native'))!.create();
    try {
      await engine.exec(`CREATE TABLE earlier AS SELECT 1 AS id`);
      const report = await loadFile(engine, { fileName: 'tiny-rows.csv', bytes: tiny() });
      expect([report.rows, report.columns.map((c) => c.name), report.rejectedCount]).toEqual([rows, ['n'], 0]);
      expect(await queryRows(engine, 'SELECT sum(n)::INTEGER AS total FROM tiny_rows')).toEqual([{ total: 45_000_000 }]);
      expect(await queryRows(engine, 'SELECT id FROM earlier')).toEqual([{ id: 1 }]);
    } finally {
      await engine.close();
    }
  }, 120_000);

  it('loads through kura query', async () => {
    const path = join(dir, 'tiny-rows.csv');
    writeFileSync(path, tiny());
    const run = await kura('query', path, '--sql', 'select count(*) as rows, sum(n) as total from tiny_rows');
    expect(run).toEqual({ code: 0, stdout: 'rows,total\n10000000,45000000\n', stderr: '' });
  }, 120_000);

  it('is audited by kura audit: loaded, every row counted, exit 0', async () => {
    const path = join(dir, 'tiny-rows.csv');
    writeFileSync(path, tiny());
    const out = join(dir, 'tiny-audit');
    const run = await kura('audit', path, '--out', out, '--lang', 'en');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const [file] = (JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as AuditJson).files;
    expect([file?.status, file?.status === 'loaded' && [file.rows, file.rejectedCount]]).toEqual(['loaded', [rows, 0]]);
  }, 180_000);
});

describe('hostile files through kura audit', () => {
  let run: Run;
  let json: AuditJson;
  let paths: Record<string, string>;
  const out = join(dir, 'out');
  beforeAll(async () => {
    paths = writeHostileCorpus(join(dir, 'corpus'));
    run = await kura('audit', ...names.map((name) => paths[name]!), '--out', out, '--lang', 'en');
    json = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as AuditJson;
  }, 180_000);

  it('exits 2 with one error line per refused file and nothing else on stderr', () => {
    expect(run.code).toBe(2);
    const refused = names.filter((name) => hostileExpectations[name]!.outcome === 'refused');
    expect(run.stderr).toBe(
      refused.map((name) => `error: ${paths[name]}: ${(hostileExpectations[name] as { reason: string }).reason}\n`).join(''),
    );
    expect(run.stdout).toBe(
      `${names.length - refused.length} file(s) audited, ${refused.length} refused; wrote ${join(out, 'audit.json')} and ${join(out, 'audit.html')}\n`,
    );
  });

  it('lists every file in audit.json as loaded (rows, rejected lines, profiled columns) or refused with its reason', () => {
    expect(json.files.map((f) => f.file)).toEqual(names.map((name) => paths[name]));
    for (const [index, name] of names.entries()) {
      const file = json.files[index]!;
      const expected = hostileExpectations[name]!;
      if (expected.outcome === 'refused') {
        expect({ name, status: file.status, reason: file.reason, rows: file.rows, columns: file.columns }).toEqual({
          name,
          status: 'refused',
          reason: expected.reason,
          rows: 0,
          columns: [],
        });
        continue;
      }
      expect({ name, status: file.status, rows: file.rows, rejected: file.rejected }).toEqual({
        name,
        status: 'loaded',
        rows: expected.rows,
        rejected: expected.rejected,
      });
      expectColumns(
        file.columns.map((c) => c.name),
        expected,
      );
      expect(file.columns.every((c) => typeof c.distinct === 'number' && c.patterns !== undefined)).toBe(true);
    }
  });

  it('profiles the odd ones: the 5 MB cell measured but shown cut, the NUL kept, decimal commas as numbers', () => {
    const file = (name: string) => json.files[names.indexOf(name)]!;
    const blob = file('big-cell.csv').columns.find((c) => c.name === 'blob')!;
    expect(blob.length!.max).toBe(5 * 1024 * 1024);
    expect(blob.top.every((t) => [...t.value].length <= 200)).toBe(true);
    expect(file('semicolon-decimal-comma.csv').columns.find((c) => c.name === 'amount')!.type).toBe('DOUBLE');
    expect(file('wide-2000-columns.csv').columns.at(-1)!.max).toBe(5999);
  });

  it('writes an HTML report where the markup from the files stays text', () => {
    const html = readFileSync(join(out, 'audit.html'), 'utf8');
    expect(html).not.toMatch(/<script|<img|<svg onload|<b>/i);
    expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(html).not.toMatch(/\bat \S+:\d+:\d+/);
  });
});
