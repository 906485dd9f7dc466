/**
 * Every file of the hostile corpus (test/fixtures/hostile) through the real ingest on both engines and through
 * `kura audit`: each loads as expected (rows, columns, rejected lines with reasons) or is refused with its one
 * sentence, and nothing crashes, hangs or prints a stack trace.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/engine/plain-rows.ts';
import type { AuditJson } from '../../src/cli/commands/audit.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { KuraError } from '../../src/engine/engine.ts';
import { isMessageKey, translate } from '../../src/ui/i18n-table.ts';
import { quoteIdent } from '../../src/engine/sql.ts';
import { loadFile } from '../../src/ingest/load.ts';
import { hostileCorpus, writeHostileCorpus } from '../fixtures/hostile/corpus.ts';
import { hostileExpectations, type HostileExpectation } from '../fixtures/hostile/expectations.ts';
import { engineFactories } from './engines.ts';

const repo = join(import.meta.dirname, '../..');
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
  });
  afterAll(async () => {
    await engine.close();
  });

  it.each(names)('%s', async (name) => {
    const expected = hostileExpectations[name]!;
    let report;
    try {
      report = await loadFile(engine, { fileName: name, bytes: corpus[name]!.slice() });
    } catch (error) {
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
      const rows = await queryRows(engine, `SELECT ${quoteIdent(expected.value.column)} AS v FROM ${quoteIdent(report.table)} ORDER BY ${first}`);
      expect(rows[expected.value.row]!.v).toBe(expected.value.equals);
    }
    // the engine is still fine afterwards
    expect(await queryRows(engine, 'SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
  });
});

describe('hostile files through kura audit', () => {
  let run: { code: number; stdout: string; stderr: string };
  let json: AuditJson;
  let paths: Record<string, string>;
  const out = join(dir, 'out');
  beforeAll(async () => {
    paths = writeHostileCorpus(join(dir, 'corpus'));
    run = await new Promise((resolve) => {
      execFile(
        process.execPath,
        ['node_modules/.bin/tsx', 'src/cli/main.ts', 'audit', ...names.map((name) => paths[name]!), '--out', out, '--lang', 'en'],
        { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    json = JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8')) as AuditJson;
  }, 180_000);

  it('exits 2 with one error line per refused file and nothing else on stderr', () => {
    expect(run.code).toBe(2);
    const refused = names.filter((name) => hostileExpectations[name]!.outcome === 'refused');
    expect(run.stderr).toBe(refused.map((name) => `error: ${paths[name]}: ${(hostileExpectations[name] as { reason: string }).reason}\n`).join(''));
    expect(run.stdout).toBe(`${names.length - refused.length} file(s) audited, ${refused.length} refused; wrote ${join(out, 'audit.json')} and ${join(out, 'audit.html')}\n`);
  });

  it('lists every file in audit.json as loaded (rows, rejected lines, profiled columns) or refused with its reason', () => {
    expect(json.files.map((f) => f.file)).toEqual(names.map((name) => paths[name]));
    for (const [index, name] of names.entries()) {
      const file = json.files[index]!;
      const expected = hostileExpectations[name]!;
      if (expected.outcome === 'refused') {
        expect({ name, status: file.status, reason: file.reason, rows: file.rows, columns: file.columns }).toEqual({ name, status: 'refused', reason: expected.reason, rows: 0, columns: [] });
        continue;
      }
      expect({ name, status: file.status, rows: file.rows, rejected: file.rejected }).toEqual({ name, status: 'loaded', rows: expected.rows, rejected: expected.rejected });
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
